/**
 * Events about objects ({@code core/v1 Event}): {@link dev.tugboat.client.events.EventRecorder} and its
 * API implementation.
 */
package dev.tugboat.client.events;
