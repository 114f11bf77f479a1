/** Pod topology spread constraints: DoNotSchedule (filter) and ScheduleAnyway (score). */
package dev.tugboat.scheduler.plugins.podtopologyspread;
