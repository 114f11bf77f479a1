package dev.tugboat.api.patch.apply;

import dev.tugboat.api.patch.JsonValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps at most {@link #MAX_UPDATE_MANAGERS} Update entries: the oldest are merged into one
 * {@code ancient-changes} entry per API version until the cap holds. Apply entries are never capped.
 */
final class UpdateManagerCap {

    static final int MAX_UPDATE_MANAGERS = 10;
    static final String BUCKET = "ancient-changes";

    private UpdateManagerCap() {
    }

    /**
     * Steps, as upstream's {@code capUpdateManagers}: 1. sort Update managers by time (missing as 0)
     * then identity; 2. walk from the oldest: the first manager of a version is remembered; a later
     * one of the same version is merged into that version's bucket (created from the remembered
     * manager), the bucket taking the merged manager's time; 3. stop once within the cap.
     */
    static void cap(Managers managers) {
        List<ManagerIdentity> updaters = new ArrayList<>(managers.all().keySet().stream()
                .filter(id -> !managers.get(id).applied()).toList());
        if (updaters.size() <= MAX_UPDATE_MANAGERS) {
            return;
        }
        updaters.sort(Comparator.comparingLong((ManagerIdentity id) -> seconds(managers.time(id)))
                .thenComparing(ManagerIdentity::encoded, JsonValues::compareStrings));
        Map<String, ManagerIdentity> firstOfVersion = new HashMap<>();
        int length = updaters.size();
        for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
            ManagerIdentity id = updaters.get(i);
            Managers.Owned owned = managers.get(id);
            String version = owned.apiVersion();
            ManagerIdentity first = firstOfVersion.putIfAbsent(version, id);
            if (first == null) {
                continue;
            }
            ManagerIdentity bucket = ManagerIdentity.update(BUCKET, version, "");
            if (id.equals(bucket)) {
                // Merging the bucket into itself would drop it (upstream deletes the merged manager).
                continue;
            }
            if (managers.get(bucket) == null) {
                managers.put(bucket, managers.get(first));
                managers.setTime(bucket, managers.time(first));
                managers.remove(first);
            }
            Instant time = managers.time(id);
            managers.put(bucket, new Managers.Owned(owned.fields().union(managers.get(bucket).fields()), version, false));
            managers.remove(id);
            managers.setTime(bucket, time);
            length--;
        }
    }

    private static long seconds(Instant t) {
        return t == null ? 0 : t.getEpochSecond();
    }
}
