/** Filters nodes by the pod's spec.nodeName. */
package dev.tugboat.scheduler.plugins.nodename;
