package dev.tugboat.api.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.core.PodSpecDefaults;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** batch/v1 CronJob: schedule syntax, time zone, concurrency policy, name length and the job template. */
public final class CronJobRules implements KindRules {

    /** 63 minus the {@code -<timestamp>} suffix the controller appends to job names. */
    static final int MAX_NAME = 52;
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> POLICIES = List.of("Allow", "Forbid", "Replace");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        Fields.defaultString(spec, "concurrencyPolicy", "Allow");
        Fields.defaultBool(spec, "suspend", false);
        Fields.defaultInt(spec, "successfulJobsHistoryLimit", 3);
        Fields.defaultInt(spec, "failedJobsHistoryLimit", 1);
        ObjectNode jobSpec = Fields.object(Fields.object(spec, "jobTemplate"), "spec");
        PodSpecDefaults.apply(Fields.object(Fields.object(jobSpec, "template"), "spec"));
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec"), null));
        String name = Meta.name(obj);
        if (name.length() > MAX_NAME) {
            errs.add(FieldError.invalid(FieldPath.of("metadata", "name"), name, "must be no more than 52 characters"));
        }
        return errs;
    }

    private static List<FieldError> spec(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        String schedule = Fields.str(spec, "schedule");
        FieldPath sp = SPEC.child("schedule");
        if (schedule.isEmpty()) {
            errs.add(FieldError.required(sp, ""));
        } else {
            CronSchedule.problem(schedule).ifPresent(msg -> errs.add(FieldError.invalid(sp, schedule, msg)));
            boolean allowTZ = oldSpec != null && Fields.str(oldSpec, "schedule").contains("TZ");
            if (allowTZ && schedule.contains("TZ") && Fields.has(spec, "timeZone")) {
                errs.add(FieldError.invalid(sp, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
            } else if (!allowTZ && schedule.contains("TZ")) {
                errs.add(FieldError.invalid(sp, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        errs.addAll(ObjectMetaValidation.nonNegative(spec, "startingDeadlineSeconds", SPEC));
        if (oldSpec == null || !Fields.get(oldSpec, "timeZone").equals(Fields.get(spec, "timeZone"))) {
            errs.addAll(timeZone(spec));
        }
        String policy = Fields.str(spec, "concurrencyPolicy");
        if (policy.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("concurrencyPolicy"), ""));
        } else if (!POLICIES.contains(policy)) {
            errs.add(FieldError.notSupported(SPEC.child("concurrencyPolicy"), policy, POLICIES));
        }
        errs.addAll(jobTemplate(Fields.get(spec, "jobTemplate"), SPEC.child("jobTemplate")));
        errs.addAll(ObjectMetaValidation.nonNegative(spec, "successfulJobsHistoryLimit", SPEC));
        errs.addAll(ObjectMetaValidation.nonNegative(spec, "failedJobsHistoryLimit", SPEC));
        return errs;
    }

    private static List<FieldError> timeZone(JsonNode spec) {
        if (!Fields.has(spec, "timeZone")) {
            return List.of();
        }
        String tz = Fields.str(spec, "timeZone");
        FieldPath p = SPEC.child("timeZone");
        if (tz.isEmpty()) {
            return List.of(FieldError.invalid(p, tz, "timeZone must be nil or non-empty string"));
        }
        for (String part : tz.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !part.matches("[A-Za-z.\\-_0-9+]{1,14}")) {
                return List.of(FieldError.invalid(p, tz, "unknown time zone " + tz));
            }
        }
        List<FieldError> errs = new ArrayList<>();
        if (tz.toLowerCase(Locale.ROOT).equals("local")) {
            errs.add(FieldError.invalid(p, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }
        if (!CronSchedule.isZone(tz)) {
            errs.add(FieldError.invalid(p, tz, "unknown time zone " + tz));
        }
        return errs;
    }

    private static List<FieldError> jobTemplate(JsonNode template, FieldPath p) {
        JsonNode jobSpec = Fields.get(template, "spec");
        List<FieldError> errs = new ArrayList<>(JobRules.jobSpec(jobSpec, p.child("spec")));
        if (Fields.has(jobSpec, "selector")) {
            errs.add(FieldError.invalid(p.child("spec").child("selector"), Fields.get(jobSpec, "selector"),
                    "`selector` will be auto-generated"));
        }
        if (Fields.isTrue(jobSpec, "manualSelector")) {
            errs.add(FieldError.notSupported(p.child("spec").child("manualSelector"), true, List.of("nil", "false")));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(spec(Fields.get(obj, "spec"), Fields.get(old, "spec")));
        return errs;
    }
}
