/** The in-tree plugins, one package each, and the default profile that wires them. */
package dev.tugboat.scheduler.plugins;
