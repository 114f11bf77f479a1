/**
 * The endpoints controller: {@link dev.tugboat.controllers.endpoints.EndpointsController} keeps an
 * Endpoints object per selecting Service; {@link dev.tugboat.controllers.endpoints.Subsets} is its pure
 * core (grouping addresses by port set, truncation).
 */
package dev.tugboat.controllers.endpoints;
