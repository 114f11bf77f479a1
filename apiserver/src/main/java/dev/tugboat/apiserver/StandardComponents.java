package dev.tugboat.apiserver;

import dev.tugboat.api.apiextensions.validation.CustomResourceValidation;
import dev.tugboat.api.kinds.BuiltinKindRules;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.apiserver.wiring.MetadataOnlyRules;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.printers.BuiltinPrinters;
import dev.tugboat.api.schema.BuiltinSchemas;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.apiserver.admission.plugins.DefaultStorageClass;
import dev.tugboat.apiserver.admission.plugins.DefaultTolerationSeconds;
import dev.tugboat.apiserver.apiextensions.CustomResourceRules;
import dev.tugboat.apiserver.admission.plugins.NamespaceLifecycle;
import dev.tugboat.apiserver.admission.plugins.PriorityAdmission;
import dev.tugboat.apiserver.admission.plugins.ResourceQuotaAdmission;
import dev.tugboat.apiserver.admission.plugins.ServiceAccountAdmission;
import dev.tugboat.apiserver.admission.plugins.StorageObjectInUseProtection;
import dev.tugboat.apiserver.registry.BuiltinRegistrations;
import dev.tugboat.apiserver.registry.conversion.EventConversion;
import dev.tugboat.apiserver.registry.conversion.HpaConversion;
import dev.tugboat.apiserver.wiring.OpenApiDocuments;
import dev.tugboat.apiserver.wiring.ManagedFieldsTracker;
import dev.tugboat.apiserver.wiring.PatchService;
import dev.tugboat.apiserver.wiring.SchemaValidation;
import dev.tugboat.apiserver.wiring.SchemaSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The standard wiring of the server's pure parts. */
public final class StandardComponents {

    private StandardComponents() {
    }

    /**
     * Choices in the standard wiring.
     *
     * @param missingAccounts             what admission does with pods naming a missing service account:
     *                                    REJECT as upstream, or ADMIT for servers that run without the
     *                                    service-account controller (tests of other components)
     * @param notReadyTolerationSeconds   tolerationSeconds new pods get for the not-ready NoExecute taint
     *                                    (kube-apiserver's {@code --default-not-ready-toleration-seconds})
     * @param unreachableTolerationSeconds the same for the unreachable taint
     *                                    ({@code --default-unreachable-toleration-seconds})
     */
    public record Options(ServiceAccountAdmission.MissingAccounts missingAccounts, long notReadyTolerationSeconds,
                          long unreachableTolerationSeconds) {

        public static final Options DEFAULT = new Options(ServiceAccountAdmission.MissingAccounts.REJECT,
                DefaultTolerationSeconds.DEFAULT_SECONDS, DefaultTolerationSeconds.DEFAULT_SECONDS);

        public Options withMissingAccounts(ServiceAccountAdmission.MissingAccounts m) {
            return new Options(m, notReadyTolerationSeconds, unreachableTolerationSeconds);
        }

        public Options withTolerationSeconds(long notReady, long unreachable) {
            return new Options(missingAccounts, notReady, unreachable);
        }
    }

    /** Upstream's wiring and defaults. */
    public static Components create() {
        return create(Options.DEFAULT);
    }

    public static Components create(Options options) {
        SchemaSet schemas = new SchemaSet(BuiltinSchemas.load());
        OpenApiDocuments openApi = new OpenApiDocuments(schemas::get);
        Map<GroupVersionKind, BuiltinRegistrations.Conversion> conversions = Map.of(
                new GroupVersionKind("autoscaling", "v1", "HorizontalPodAutoscaler"),
                new BuiltinRegistrations.Conversion(new GroupVersionKind("autoscaling", "v2", "HorizontalPodAutoscaler"),
                        new HpaConversion()),
                new GroupVersionKind("events.k8s.io", "v1", "Event"),
                new BuiltinRegistrations.Conversion(new GroupVersionKind("", "v1", "Event"), new EventConversion()));
        BuiltinRegistrations.Inputs inputs = new BuiltinRegistrations.Inputs(StandardComponents::rules,
                k -> BuiltinPrinters.forKind(k.group(), k.kind()), conversions);
        return new Components(inputs,
                registry -> List.of(new NamespaceLifecycle(registry),
                        new ServiceAccountAdmission(registry, options.missingAccounts()),
                        new DefaultTolerationSeconds(options.notReadyTolerationSeconds(),
                                options.unreachableTolerationSeconds()),
                        new PriorityAdmission(registry), new DefaultStorageClass(registry),
                        new StorageObjectInUseProtection(), new ResourceQuotaAdmission(registry)),
                new ManagedFieldsTracker(schemas),
                new PatchService(schemas::get), new SchemaValidation(schemas::get), openApi,
                openApi::resourcesChanged, schemas,
                version -> new CustomResourceRules(CustomResourceValidation.forVersion(version)));
    }

    private static final Set<String> PATH_SEGMENT_NAMES = Set.of("Role", "ClusterRole", "RoleBinding",
            "ClusterRoleBinding");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume",
            "ClusterRole", "ClusterRoleBinding", "StorageClass", "PriorityClass", "IngressClass",
            "CustomResourceDefinition");

    private static final BuiltinKindRules BUILTIN_RULES = BuiltinKindRules.create();

    /** The kind's rules; kinds without their own get object metadata validation. */
    static KindRules rules(GroupVersionKind k) {
        return BUILTIN_RULES.forKind(k).orElseGet(() -> new MetadataOnlyRules(!CLUSTER_SCOPED.contains(k.kind()),
                PATH_SEGMENT_NAMES.contains(k.kind()) ? NameRule.PATH_SEGMENT : NameRule.DNS1123_SUBDOMAIN,
                !k.group().equals("apiextensions.k8s.io")));
    }
}
