/** Node selectors and node affinity: required (filter) and preferred (score). */
package dev.tugboat.scheduler.plugins.nodeaffinity;
