/**
 * The V8 heap settings every service process is started with, in one home: the bench and `npm start`
 * put them on the `node` command line, the production image in its `NODE_OPTIONS`
 * (test/unit/dockerfile.test.ts checks that it holds these). What they gained and cost:
 * bench/BASELINE.md, "Memory: what was changed and what it gained".
 *
 * - `--max-semi-space-size=4`: each of the young generation's two semi-spaces grows to 4 MB at most
 *   instead of V8's 16 MB on 64-bit, so the young generation holds 8 MB of resident memory instead of
 *   32 MB once a burst of allocation (start-up, the first requests) has grown it. Scavenges run about
 *   three times as often, each with less to copy; more request-lived objects are still alive when one
 *   runs, so a little more is promoted. Under the bench's load the main thread's GC pauses went from
 *   9-11% to 11-12% of the process's CPU (with 8 MB semi-spaces: 9-11%, for 8 MB more resident).
 *   16 MB once carried the bench's pipeline 14% further, for up to 24 MB more resident per process
 *   (bench/BASELINE.md, the 18:56 run); since kafkajs's encoder allocates from Node's pool
 *   (patches/), alternating pipeline runs show no gain beyond the noise: 9,599 / 11,005 events/s with
 *   16 MB, 10,576 / 10,490 with 8, 10,481 / 10,187 with 4. To change it, change the value here and in
 *   the image's `NODE_OPTIONS` together (a flag added to `NODE_OPTIONS` beside the command line's loses
 *   to it; setting the image's `NODE_OPTIONS` anew drops the others in it).
 * - `--max-old-space-size=512`: the old generation's ceiling. V8 scales how far the old generation may
 *   grow past its live size before the next full collection with this ceiling: up to 4x with its default
 *   on a machine with more than 16 GB (a 4 GB ceiling), about 1.3x at 256 MB. Under load a service
 *   promotes garbage (objects of requests and batches still in flight at a scavenge): with the default
 *   ceiling the old space reached 140-150 MB before the first full collection. At 256 MB (the earlier
 *   value) it stayed at 40-50 MB, but in the pipeline the relay and the consumer each ran a
 *   full collection every 150-250 ms (43 per process in a run, against 16-24 at 1024 MB): at 512 MB
 *   alternating pipeline runs carried 16,632-17,566 events/s against 14,936-16,544 at 256 (0.36-0.40x
 *   PostgreSQL alone against 0.33-0.39x), and the services' peaks under the bench's load were 130 MB
 *   against 127 (1024 MB: 136). It is a hard limit too: a process whose live heap passes it stops with
 *   "JavaScript heap out of memory" (and is restarted by whatever supervises it). A service's live heap
 *   is 35-45 MB, at rest and under the bench's load.
 *
 * Both flags are allowed in `NODE_OPTIONS` (node refuses to start on a V8 flag that is not).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--max-old-space-size=512'];
