/** Host port conflicts. */
package dev.tugboat.scheduler.plugins.nodeports;
