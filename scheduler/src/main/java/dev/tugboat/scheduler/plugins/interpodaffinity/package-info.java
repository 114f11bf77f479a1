/** Inter-pod affinity and anti-affinity: required (filter) and preferred (score). */
package dev.tugboat.scheduler.plugins.interpodaffinity;
