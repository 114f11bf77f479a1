/** Build-time generation of the built-in kinds' OpenAPI schemas. */
package dev.tugboat.schemagen;
