package dev.tugboat.api.patch.apply;

import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.patch.JsonValues;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields an apply would change that other managers own. Rendered as upstream's 409: one cause per
 * path with reason {@code FieldManagerConflict}, and the message
 * {@code Apply failed with 1 conflict: conflict with "m": .path} or, for N conflicts, one block per
 * manager sorted by manager. Immutable.
 */
final class Conflicts {

    private final Map<ManagerIdentity, FieldSet> byManager;

    Conflicts(Map<ManagerIdentity, FieldSet> byManager) {
        Map<ManagerIdentity, FieldSet> sorted = new LinkedHashMap<>();
        byManager.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(ManagerIdentity::encoded, JsonValues::compareStrings)))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        this.byManager = sorted;
    }

    boolean isEmpty() {
        return byManager.isEmpty();
    }

    /** These conflicts without the given paths. */
    Conflicts without(FieldSet allowed) {
        Map<ManagerIdentity, FieldSet> rest = new LinkedHashMap<>();
        byManager.forEach((id, set) -> rest.put(id, FieldSet.of(set.paths().stream().filter(p -> !allowed.has(p)).toList())));
        return new Conflicts(rest);
    }

    ApiException.Conflict toException() {
        List<Status.Cause> causes = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        int count = 0;
        String single = "";
        for (Map.Entry<ManagerIdentity, FieldSet> e : byManager.entrySet()) {
            String who = e.getKey().printed();
            blocks.add("conflicts with " + who + ":");
            for (Path p : e.getValue().paths()) {
                causes.add(new Status.Cause("FieldManagerConflict", "conflict with " + who, p.toString()));
                blocks.add("- " + p);
                single = "conflict with " + who + ": " + p;
                count++;
            }
        }
        String message = count == 1 ? "Apply failed with 1 conflict: " + single
                : "Apply failed with " + count + " conflicts: " + String.join("\n", blocks);
        return new ApiException.Conflict(message, causes);
    }

    /** Thrown inside the apply chain; the outermost step turns it into the 409. */
    static final class Found extends RuntimeException {
        private final transient Conflicts conflicts;

        Found(Conflicts conflicts) {
            super("apply conflicts", null, false, false);
            this.conflicts = conflicts;
        }

        Conflicts conflicts() {
            return conflicts;
        }
    }
}
