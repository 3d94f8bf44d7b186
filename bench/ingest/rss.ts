/** Samples this process's RSS every 50 ms; the child's own view, next to /usr/bin/time's. */
export function rssSampler(): { peak(): number; stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  return {
    peak: () => Math.max(peak, process.memoryUsage.rss()),
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** A progress reporter for stderr that prints at most every 10 % of the file. */
export function progressLine(label: string): (bytes: number, total: number) => void {
  let next = 0.1;
  const t0 = performance.now();
  return (bytes, total) => {
    if (total <= 0 || bytes / total < next) return;
    next = Math.floor((bytes / total) * 10 + 1) / 10;
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    process.stderr.write(`  ${label}: ${Math.round((bytes / total) * 100)}% read, ${s}s\n`);
  };
}
