package dev.tugboat.apiserver.endpoints;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.printers.TablePrinter;

/** The Table printer of each kind. Thread-safe. */
public interface Printers {

    TablePrinter forKind(GroupVersionKind kind);
}
