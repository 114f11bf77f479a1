/** Priority preemption (PostFilter). */
package dev.tugboat.scheduler.plugins.defaultpreemption;
