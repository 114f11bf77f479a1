/**
 * Informers: {@link dev.tugboat.client.informer.SharedInformer} keeps a local cache of one resource in
 * step with the server (a {@code Reflector} lists and watches through a
 * {@link dev.tugboat.client.informer.ListerWatcher}) and notifies
 * {@link dev.tugboat.client.informer.ResourceEventHandler}s; {@link dev.tugboat.client.informer.InformerFactory}
 * shares informers between the controllers of a process.
 */
package dev.tugboat.client.informer;
