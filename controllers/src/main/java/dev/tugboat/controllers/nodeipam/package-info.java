/**
 * Node IPAM (upstream's pkg/controller/nodeipam with the range allocator): every node gets
 * {@code spec.podCIDR(s)}, one subnet per cluster CIDR, from bitmaps that are rebuilt from the nodes'
 * existing CIDRs at start and give a subnet back when its node is deleted.
 */
package dev.tugboat.controllers.nodeipam;
