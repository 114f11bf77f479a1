/** Resource fit (filter, LeastAllocated score) and balanced allocation. */
package dev.tugboat.scheduler.plugins.noderesources;
