/**
 * A process started by the launcher (HPC_LAUNCHER_PID set) stops itself, gracefully, when the launcher is
 * gone: a launcher killed outright must not leave an API holding its port or a worker polling its queue.
 */
export function exitWithLauncher(env: NodeJS.ProcessEnv = process.env, everyMs = 2_000): void {
  const launcher = Number(env.HPC_LAUNCHER_PID);
  if (!Number.isInteger(launcher) || launcher <= 0) return;
  const timer = setInterval(() => {
    try {
      process.kill(launcher, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPERM') return; // alive, someone else's
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
    }
  }, everyMs);
  timer.unref();
}
