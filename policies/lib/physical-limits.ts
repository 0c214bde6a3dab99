/**
 * The most a real machine has. Servers of 2026 top out near 2,000 cores and 32 TB of memory;
 * a declared size above these bounds is a typo or an attack (1e308 GB prints as "Infinity"),
 * never a spec, and both the stack config and the certificate refuse it.
 */
export const PHYSICAL_LIMITS = {
    /** Logical cores of one host, and CPUs of one container. */
    cores: 4096,
    /** Memory of one host in GB (or GiB). */
    memoryGb: 65_536,
    /** Memory of one container in MB. */
    memoryMb: 65_536 * 1024,
    /** One host's disk in GB (10 PB). */
    diskGb: 10_000_000,
    /** One host's network in Gbit/s. */
    networkGbps: 1600,
} as const;
