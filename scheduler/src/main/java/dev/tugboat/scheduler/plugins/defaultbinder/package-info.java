/** Binding through the pods/binding subresource. */
package dev.tugboat.scheduler.plugins.defaultbinder;
