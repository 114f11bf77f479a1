package dev.tugboat.api.core;

import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import java.util.ArrayList;
import java.util.List;

/** File path rules of volume items, sub paths and host paths. */
final class Paths {

    private Paths() {
    }

    /** No {@code ..} element. */
    static List<FieldError> noBacksteps(String target, FieldPath p) {
        for (String item : target.replace('\\', '/').split("/", -1)) {
            if (item.equals("..")) {
                return List.of(FieldError.invalid(p, target, "must not contain '..'"));
            }
        }
        return List.of();
    }

    /** Relative and without {@code ..} elements. */
    static List<FieldError> localDescending(String target, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (target.startsWith("/")) {
            errs.add(FieldError.invalid(p, target, "must be a relative path"));
        }
        errs.addAll(noBacksteps(target, p));
        return errs;
    }

    /** Relative, no {@code ..} elements, not starting with {@code ..}. */
    static List<FieldError> localNonReserved(String target, FieldPath p) {
        List<FieldError> errs = new ArrayList<>(localDescending(target, p));
        if (target.startsWith("..") && !target.startsWith("../")) {
            errs.add(FieldError.invalid(p, target, "must not start with '..'"));
        }
        return errs;
    }
}
