package dev.tugboat.apiserver.wiring;

import dev.tugboat.api.fields.FieldSelector;
import dev.tugboat.api.fields.InvalidFieldSelectorException;
import dev.tugboat.api.fields.SelectableFields;
import dev.tugboat.api.labels.InvalidSelectorException;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.apiserver.endpoints.ObjectFilter;
import dev.tugboat.apiserver.watchcache.CachedObject;
import dev.tugboat.apiserver.watchcache.ResourceCache;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Label and field selectors of lists and watches, with each kind's selectable fields; custom
 * resources use the fields their CRD declares.
 */
public final class SelectorFilter implements ObjectFilter {

    private final Function<GroupVersionKind, SelectableFields> fieldsByKind;

    /** @param fieldsByKind the field vocabulary of a kind (custom resources' may change with their CRD) */
    public SelectorFilter(Function<GroupVersionKind, SelectableFields> fieldsByKind) {
        this.fieldsByKind = fieldsByKind;
    }

    @Override
    public Predicate<CachedObject> build(GroupVersionKind kind, String labelSelector, String fieldSelector) {
        Predicate<CachedObject> p = ResourceCache.ALL;
        if (labelSelector != null && !labelSelector.isBlank()) {
            LabelSelector labels;
            try {
                labels = LabelSelector.parse(labelSelector);
            } catch (InvalidSelectorException e) {
                throw e.toBadRequest();
            }
            if (!labels.isEmpty()) {
                p = o -> labels.matches(o.labels());
            }
        }
        if (fieldSelector != null && !fieldSelector.isBlank()) {
            SelectableFields fields = fieldsByKind.apply(kind);
            FieldSelector converted;
            try {
                converted = fields.convert(FieldSelector.parse(fieldSelector));
            } catch (InvalidFieldSelectorException e) {
                throw e.toBadRequest();
            }
            if (!converted.isEmpty()) {
                p = p.and(o -> fields.matches(converted, o.object()));
            }
        }
        return p;
    }
}
