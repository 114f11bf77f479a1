/**
 * Every PATCH the API server accepts, and managedFields tracking, as pure code over JSON trees.
 *
 * <ul>
 *   <li>{@link dev.tugboat.api.patch.PatchType}: content type to patch type (415 otherwise) and body decoding;</li>
 *   <li>{@link dev.tugboat.api.patch.json.JsonPatch} (RFC 6902), {@link dev.tugboat.api.patch.merge.MergePatch}
 *       (RFC 7386), {@link dev.tugboat.api.patch.strategic.StrategicMergePatch};</li>
 *   <li>{@link dev.tugboat.api.patch.apply.FieldManager}: server-side apply and Update tracking, with
 *       {@link dev.tugboat.api.patch.apply.ApplyRequestChecks} for the request-level checks;</li>
 *   <li>{@code fieldpath} (paths, sets, fieldsV1) and {@code typed} (the schema-driven walkers) underneath.</li>
 * </ul>
 *
 * <h2>Call sequence for a PATCH (one attempt; on a storage conflict without a client precondition,
 * reload live and repeat)</h2>
 * <ol>
 *   <li>{@code type = PatchType.of(contentType, isBuiltIn)}; then
 *       {@code ApplyRequestChecks.patchOptions(type == APPLY, fieldManager, force)}.</li>
 *   <li>Load live and render it in the URL's version. For apply, live may be absent (create-on-apply).</li>
 *   <li>Patch:
 *     <ul>
 *       <li>JSON patch: {@code JsonPatch.parse(body).apply(live)}; the result must be an object;</li>
 *       <li>merge patch: {@code MergePatch.applyToObject(live, MERGE.decode(body))};</li>
 *       <li>strategic: {@code new StrategicMergePatch(schema).apply(live, STRATEGIC.decode(body))};</li>
 *       <li>apply: {@code config = APPLY.decode(body)};
 *           {@code ApplyRequestChecks.appliedConfig(config, endpointGvk, urlName, urlNamespace)}; set the URL's
 *           namespace when the config has none; {@code r = fieldManager.apply(live, config, new ApplyRequest(
 *           fieldManager, endpointGvk, subresource, force, clock.instant(), resetFields))}; when
 *           {@code r.unchanged()}, answer live (200, nothing written).</li>
 *     </ul></li>
 *   <li>Decode the result with the request's field validation; check name and namespace against the URL
 *       ({@code ApplyRequestChecks.objectNameAndNamespace}); a {@code metadata.resourceVersion} that differs from
 *       live's is a 409 precondition failure (also for apply; a {@code metadata.uid} in an apply creating the
 *       object is a 409 too).</li>
 *   <li>Run defaulting.</li>
 *   <li>Non-apply patches only: {@code obj = fieldManager.update(live, obj, new UpdateRequest(
 *       ManagerNames.of(fieldManager, userAgent), urlApiVersion, subresource, clock.instant(), resetFields))}.</li>
 *   <li>Strategy (which overwrites the reset fields from live, e.g. status on the main resource), mutating
 *       admission, validation, storage (201 when apply created the object, else 200).</li>
 * </ol>
 *
 * <h2>Update tracking for other writes</h2>
 * After decoding and defaulting, before admission:
 * <ul>
 *   <li>create (POST): {@code fieldManager.update(null, obj, request)} — the creator owns everything present;</li>
 *   <li>update (PUT): {@code fieldManager.update(live, obj, request)};</li>
 *   <li>{@code /status} (and {@code /scale}): the same with {@code subresource = "status"} and that endpoint's
 *       reset fields (e.g. {@link dev.tugboat.api.patch.apply.ResetFields#SPEC_AND_LABELS} for Deployments).</li>
 * </ul>
 * Client-supplied {@code metadata.managedFields} are honoured by {@code update} itself (replace, or reset with
 * {@code []}); the caller passes the decoded body unchanged.
 */
package dev.tugboat.api.patch;
