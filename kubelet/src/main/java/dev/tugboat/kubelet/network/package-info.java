/** The node's pod network as far as one node needs it: the CNI bridge configuration and host safety routes. */
package dev.tugboat.kubelet.network;
