/**
 * Controllers of the controller manager, each an API client built on {@code dev.tugboat.client}, and
 * {@link dev.tugboat.controllers.ControllerManager} which runs them.
 */
package dev.tugboat.controllers;
