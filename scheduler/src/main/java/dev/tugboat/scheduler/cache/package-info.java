/** The scheduler cache: nodes, bound and assumed pods, incremental snapshots. */
package dev.tugboat.scheduler.cache;
