/**
 * The REST client: one shared {@link dev.tugboat.client.rest.ApiClient} per process, a
 * {@link dev.tugboat.client.rest.ResourceClient} per resource (cheap, immutable). Objects are Jackson
 * {@code ObjectNode} trees. TLS ({@code ClientConfig.sslContext}) and authentication
 * ({@link dev.tugboat.client.rest.Credentials}) are seams for later.
 */
package dev.tugboat.client.rest;
