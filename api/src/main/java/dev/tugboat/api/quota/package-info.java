/** ResourceQuota accounting: what objects charge, which quotas apply, and resource-list arithmetic. */
package dev.tugboat.api.quota;
