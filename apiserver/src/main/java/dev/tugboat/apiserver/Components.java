package dev.tugboat.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.endpoints.ApiHandler;
import dev.tugboat.apiserver.endpoints.Patcher;
import dev.tugboat.apiserver.endpoints.SchemaCheck;
import dev.tugboat.apiserver.registry.BuiltinRegistrations;
import dev.tugboat.apiserver.registry.FieldOwnership;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.wiring.SchemaSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The parts of the server that come from the {@code api} module's pure cores: per-kind rules and
 * printers, schemas, patching, selectors and OpenAPI.
 *
 * @param admissionPlugins    the admission chain, given the registry (plugins may read other resources)
 * @param resourcesChanged    told when the set of served resources changes (OpenAPI rebuilds)
 * @param schemas             the current schemas (built-ins plus custom resources)
 * @param customResourceRules defaulting and validation of a CRD version, from its entry in spec.versions
 */
public record Components(BuiltinRegistrations.Inputs registrations,
                         Function<ResourceRegistry, List<AdmissionPlugin>> admissionPlugins,
                         FieldOwnership ownership, Patcher patcher, SchemaCheck schemaCheck,
                         ApiHandler.OpenApiEndpoint openApi, Consumer<List<ApiResource>> resourcesChanged,
                         SchemaSet schemas, Function<JsonNode, KindRules> customResourceRules) {

    public List<AdmissionPlugin> admissionPlugins(ResourceRegistry registry) {
        return admissionPlugins.apply(registry);
    }

    public void onResourcesChanged(List<ApiResource> resources) {
        resourcesChanged.accept(resources);
    }

    /** The first address of the service range: the {@code kubernetes} Service. */
    public String kubernetesServiceIp(ApiServerConfig config) {
        String base = config.serviceCidr().split("/")[0];
        String[] octets = base.split("\\.");
        octets[3] = Integer.toString(Integer.parseInt(octets[3]) + 1);
        return String.join(".", octets);
    }
}
