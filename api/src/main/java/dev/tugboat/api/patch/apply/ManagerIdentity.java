package dev.tugboat.api.patch.apply;

import dev.tugboat.api.errors.GoValues;
import dev.tugboat.api.patch.GoJson;
import dev.tugboat.api.patch.apply.ManagedFieldsEntry.Operation;

/**
 * Who owns a set of fields, as upstream's manager identifier: manager, operation and subresource,
 * plus the API version for Update entries (so each manager has one Apply entry per subresource,
 * whatever version it applied with). Immutable.
 *
 * @param apiVersion {@code ""} for Apply identities
 */
record ManagerIdentity(String manager, Operation operation, String apiVersion, String subresource) {

    static ManagerIdentity apply(String manager, String subresource) {
        return new ManagerIdentity(manager, Operation.APPLY, "", subresource);
    }

    static ManagerIdentity update(String manager, String apiVersion, String subresource) {
        return new ManagerIdentity(manager, Operation.UPDATE, apiVersion, subresource);
    }

    static ManagerIdentity of(ManagedFieldsEntry e) {
        return e.operation() == Operation.APPLY ? apply(e.manager(), e.subresource())
                : update(e.manager(), e.apiVersion(), e.subresource());
    }

    /** Upstream's identifier string (compact JSON of the non-empty identity fields), used for ordering. */
    String encoded() {
        StringBuilder sb = new StringBuilder("{");
        member(sb, "manager", manager);
        member(sb, "operation", operation.wire());
        member(sb, "apiVersion", apiVersion);
        member(sb, "subresource", subresource);
        return sb.append('}').toString();
    }

    private static void member(StringBuilder sb, String name, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (sb.length() > 1) {
            sb.append(',');
        }
        GoJson.string(name, sb);
        sb.append(':');
        GoJson.string(value, sb);
    }

    /** The manager as conflict messages print it: {@code "kubectl-edit" with subresource "status" using v1}. */
    String printed() {
        String s = GoValues.quote(manager);
        if (!subresource.isEmpty()) {
            s += " with subresource " + GoValues.quote(subresource);
        }
        return operation == Operation.UPDATE ? s + " using " + apiVersion : s;
    }
}
