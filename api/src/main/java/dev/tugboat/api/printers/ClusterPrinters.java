package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Printers of policy, scheduling, coordination, RBAC, certificates, node and admission kinds:
 * PodDisruptionBudget, PriorityClass, Lease, RoleBinding, ClusterRoleBinding,
 * CertificateSigningRequest, RuntimeClass and the webhook configurations.
 */
final class ClusterPrinters {

    private ClusterPrinters() {
    }

    private static String age(JsonNode obj, Instant now) {
        return Cells.age(Obj.at(obj, "metadata", "creationTimestamp"), now);
    }

    /** An int-or-string as written, {@code N/A} when unset. */
    private static String intOrString(JsonNode v) {
        return v.isMissingNode() || v.isNull() ? "N/A" : v.asText();
    }

    static TablePrinter podDisruptionBudget() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Min Available", "The minimum number of pods that must be available."),
                Columns.str("Max Unavailable", "The maximum number of pods that may be unavailable."),
                Columns.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
                Columns.age()),
                (pdb, now) -> List.of(Meta.name(pdb), intOrString(Obj.at(pdb, "spec", "minAvailable")),
                        intOrString(Obj.at(pdb, "spec", "maxUnavailable")),
                        Obj.num(pdb, "status", "disruptionsAllowed"), age(pdb, now)));
    }

    /** PREEMPTIONPOLICY is printed in wide output only, hence a priority-1 column. */
    static TablePrinter priorityClass() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.integer("Value", "The priority of pods of this class."),
                Columns.of("Global-Default", Columns.BOOLEAN, "Whether this class is the default for pods without one."),
                Columns.age(),
                Columns.wide("PreemptionPolicy", "Whether pods of this class may preempt lower-priority pods.")),
                (pc, now) -> List.of(Meta.name(pc), Obj.num(pc, "value"), pc.path("globalDefault").asBoolean(false),
                        age(pc, now), Obj.str(pc, "preemptionPolicy")));
    }

    static TablePrinter lease() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Holder", "The identity of the holder of the lease."), Columns.age()),
                (lease, now) -> List.of(Meta.name(lease), Obj.str(lease, "spec", "holderIdentity"), age(lease, now)));
    }

    /** ROLE is {@code Kind/name}; wide lists subjects by kind, service accounts as {@code namespace/name}. */
    static TablePrinter roleBinding(String kindLabel) {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Role", "The role this binding refers to, as kind/name."), Columns.age(),
                Columns.wide("Users", "Users in the " + kindLabel),
                Columns.wide("Groups", "Groups in the " + kindLabel),
                Columns.wide("ServiceAccounts", "ServiceAccounts in the " + kindLabel)),
                (rb, now) -> {
                    List<String> users = new ArrayList<>();
                    List<String> groups = new ArrayList<>();
                    List<String> serviceAccounts = new ArrayList<>();
                    for (JsonNode s : Obj.list(rb, "subjects")) {
                        String name = s.path("name").asText("");
                        switch (s.path("kind").asText("")) {
                            case "ServiceAccount" -> serviceAccounts.add(s.path("namespace").asText("") + "/" + name);
                            case "User" -> users.add(name);
                            case "Group" -> groups.add(name);
                            default -> {
                            }
                        }
                    }
                    return List.of(Meta.name(rb),
                            Obj.str(rb, "roleRef", "kind") + "/" + Obj.str(rb, "roleRef", "name"), age(rb, now),
                            String.join(", ", users), String.join(", ", groups), String.join(", ", serviceAccounts));
                });
    }

    static TablePrinter certificateSigningRequest() {
        return new SimplePrinter(List.of(Columns.name(), Columns.age(),
                Columns.str("SignerName", "The signer the request is addressed to."),
                Columns.str("Requestor", "The user that created the request."),
                Columns.str("RequestedDuration", "The requested validity of the certificate."),
                Columns.str("Condition", "The approval state of the request.")),
                (csr, now) -> {
                    String signer = Obj.str(csr, "spec", "signerName");
                    JsonNode seconds = Obj.at(csr, "spec", "expirationSeconds");
                    return List.of(Meta.name(csr), age(csr, now), signer.isEmpty() ? "<none>" : signer,
                            Obj.str(csr, "spec", "username"),
                            seconds.isNumber() ? HumanDuration.format(Duration.ofSeconds(seconds.asLong())) : "<none>",
                            csrCondition(csr));
                });
    }

    /** Denied, else Approved, else Pending; then {@code ,Failed} and {@code ,Issued}. */
    private static String csrCondition(JsonNode csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : Obj.list(csr, "status", "conditions")) {
            switch (c.path("type").asText("")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> {
                }
            }
        }
        String status = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            status += ",Failed";
        }
        if (!Obj.str(csr, "status", "certificate").isEmpty()) {
            status += ",Issued";
        }
        return status;
    }

    static TablePrinter runtimeClass() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Handler", "The CRI handler that runs pods of this class."), Columns.age()),
                (rc, now) -> List.of(Meta.name(rc), Obj.str(rc, "handler"), age(rc, now)));
    }

    static TablePrinter webhookConfiguration() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.integer("Webhooks", "Webhooks indicates the number of webhooks registered in this configuration"),
                Columns.age()),
                (wc, now) -> List.of(Meta.name(wc), (long) Obj.size(wc, "webhooks"), age(wc, now)));
    }
}
