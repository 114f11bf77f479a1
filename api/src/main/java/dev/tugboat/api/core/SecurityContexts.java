package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Pod and container security contexts. */
final class SecurityContexts {

    private static final Pattern SYSCTL = Pattern.compile(
            "([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?");

    private SecurityContexts() {
    }

    static List<FieldError> container(JsonNode sc, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (!sc.isObject()) {
            return errs;
        }
        ids(sc, p, errs);
        if (Fields.has(sc, "procMount")) {
            String pm = Fields.str(sc, "procMount");
            if (!pm.equals("Default") && !pm.equals("Unmasked")) {
                errs.add(FieldError.notSupported(p.child("procMount"), pm, List.of("Default", "Unmasked")));
            }
        }
        errs.addAll(seccomp(Fields.get(sc, "seccompProfile"), p.child("seccompProfile")));
        if (Boolean.FALSE.equals(Fields.bool(sc, "allowPrivilegeEscalation"))) {
            if (Fields.isTrue(sc, "privileged")) {
                errs.add(FieldError.invalid(p, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            }
            if (Fields.strings(Fields.get(sc, "capabilities"), "add").contains("CAP_SYS_ADMIN")) {
                errs.add(FieldError.invalid(p, sc,
                        "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
            }
        }
        errs.addAll(appArmor(Fields.get(sc, "appArmorProfile"), p.child("appArmorProfile")));
        return errs;
    }

    static List<FieldError> pod(JsonNode spec, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode sc = Fields.get(spec, "securityContext");
        if (!sc.isObject()) {
            return errs;
        }
        Long fsGroup = Fields.integer(sc, "fsGroup");
        if (fsGroup != null) {
            for (String m : Formats.userId(fsGroup)) {
                errs.add(FieldError.invalid(p.child("fsGroup"), fsGroup, m));
            }
        }
        ids(sc, p, errs);
        List<JsonNode> groups = Fields.list(sc, "supplementalGroups");
        for (int i = 0; i < groups.size(); i++) {
            for (String m : Formats.userId(groups.get(i).asLong())) {
                errs.add(FieldError.invalid(p.child("supplementalGroups").index(i), groups.get(i).asLong(), m));
            }
        }
        if (Fields.isTrue(spec, "shareProcessNamespace") && Fields.isTrue(spec, "hostPID")) {
            errs.add(FieldError.invalid(p.child("shareProcessNamespace"), true,
                    "ShareProcessNamespace and HostPID cannot both be enabled"));
        }
        List<JsonNode> sysctls = Fields.list(sc, "sysctls");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sysctls.size(); i++) {
            String name = Fields.str(sysctls.get(i), "name");
            FieldPath np = p.child("sysctls").index(i).child("name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(np, ""));
            } else if (name.length() > 253 || !SYSCTL.matcher(name).matches()) {
                errs.add(FieldError.invalid(np, name, "must have at most 253 characters and match regex ^"
                        + SYSCTL.pattern() + "$"));
            } else if (names.contains(name)) {
                errs.add(FieldError.duplicate(np, name));
            }
            if (Fields.isTrue(spec, "hostNetwork") && name.startsWith("net.")) {
                errs.add(FieldError.invalid(np, name, "may not be specified when 'hostNetwork' is true"));
            } else if (Fields.isTrue(spec, "hostIPC") && (name.startsWith("kernel.shm") || name.startsWith("kernel.msg")
                    || name.startsWith("kernel.sem") || name.startsWith("fs.mqueue."))) {
                errs.add(FieldError.invalid(np, name, "may not be specified when 'hostIPC' is true"));
            }
            names.add(name);
        }
        enumField(sc, "fsGroupChangePolicy", List.of("Always", "OnRootMismatch"), p, errs);
        errs.addAll(seccomp(Fields.get(sc, "seccompProfile"), p.child("seccompProfile")));
        errs.addAll(appArmor(Fields.get(sc, "appArmorProfile"), p.child("appArmorProfile")));
        enumField(sc, "supplementalGroupsPolicy", List.of("Merge", "Strict"), p, errs);
        enumField(sc, "seLinuxChangePolicy", List.of("MountOption", "Recursive"), p, errs);
        return errs;
    }

    private static void enumField(JsonNode sc, String field, List<String> allowed, FieldPath p, List<FieldError> errs) {
        if (Fields.has(sc, field) && !allowed.contains(Fields.str(sc, field))) {
            errs.add(FieldError.notSupported(p.child(field), Fields.str(sc, field), allowed));
        }
    }

    private static void ids(JsonNode sc, FieldPath p, List<FieldError> errs) {
        for (String f : List.of("runAsUser", "runAsGroup")) {
            Long v = Fields.integer(sc, f);
            if (v != null) {
                for (String m : Formats.userId(v)) {
                    errs.add(FieldError.invalid(p.child(f), v, m));
                }
            }
        }
    }

    private static List<FieldError> seccomp(JsonNode sp, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (!sp.isObject()) {
            return errs;
        }
        String type = Fields.str(sp, "type");
        switch (type) {
            case "Localhost", "RuntimeDefault", "Unconfined" -> { }
            case "" -> errs.add(FieldError.required(p.child("type"), "type is required when seccompProfile is set"));
            default -> errs.add(FieldError.notSupported(p.child("type"), type,
                    List.of("Localhost", "RuntimeDefault", "Unconfined")));
        }
        if (type.equals("Localhost")) {
            if (!Fields.has(sp, "localhostProfile")) {
                errs.add(FieldError.required(p.child("localhostProfile"), "must be set when seccomp type is Localhost"));
            } else {
                errs.addAll(Paths.localDescending(Fields.str(sp, "localhostProfile"), p.child("localhostProfile")));
            }
        } else if (Fields.has(sp, "localhostProfile")) {
            errs.add(FieldError.invalid(p.child("localhostProfile"), sp, "can only be set when seccomp type is Localhost"));
        }
        return errs;
    }

    private static List<FieldError> appArmor(JsonNode profile, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (!profile.isObject()) {
            return errs;
        }
        String type = Fields.str(profile, "type");
        switch (type) {
            case "Localhost" -> {
                String local = Fields.str(profile, "localhostProfile");
                if (!Fields.has(profile, "localhostProfile") || local.strip().isEmpty() && local.equals(local.strip())) {
                    errs.add(FieldError.required(p.child("localhostProfile"), "must be set when AppArmor type is Localhost"));
                } else if (!local.equals(local.strip())) {
                    errs.add(FieldError.invalid(p.child("localhostProfile"), local, "must not be padded with whitespace"));
                }
                if (local.length() > 4095) {
                    errs.add(FieldError.tooLong(p.child("localhostProfile"), 4095));
                }
            }
            case "RuntimeDefault", "Unconfined" -> {
                if (Fields.has(profile, "localhostProfile")) {
                    errs.add(FieldError.invalid(p.child("localhostProfile"), Fields.str(profile, "localhostProfile"),
                            "can only be set when AppArmor type is Localhost"));
                }
            }
            case "" -> errs.add(FieldError.required(p.child("type"), "type is required when appArmorProfile is set"));
            default -> errs.add(FieldError.notSupported(p.child("type"), type,
                    List.of("Localhost", "RuntimeDefault", "Unconfined")));
        }
        return errs;
    }
}
