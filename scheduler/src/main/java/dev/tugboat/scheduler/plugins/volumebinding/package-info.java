/** Persistent volume claims: existence, immediate binding, volume node affinity, delayed binding. */
package dev.tugboat.scheduler.plugins.volumebinding;
