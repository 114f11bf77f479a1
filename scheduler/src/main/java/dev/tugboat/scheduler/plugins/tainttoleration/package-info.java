/** Taints and tolerations: NoSchedule/NoExecute (filter) and PreferNoSchedule (score). */
package dev.tugboat.scheduler.plugins.tainttoleration;
