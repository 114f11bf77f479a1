/** Filters out cordoned nodes. */
package dev.tugboat.scheduler.plugins.nodeunschedulable;
