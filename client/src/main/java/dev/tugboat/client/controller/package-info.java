/**
 * The controller worker loop: {@link dev.tugboat.client.controller.Controller} drains a work queue
 * into a {@link dev.tugboat.client.controller.Reconciler}, which answers with a
 * {@link dev.tugboat.client.controller.Result} or throws to be retried with backoff.
 */
package dev.tugboat.client.controller;
