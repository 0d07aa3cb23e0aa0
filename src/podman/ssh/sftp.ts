// Files on a remote host over the SSH link's SFTP subsystem (no shell involved: paths travel as
// SFTP strings, never through a command line): read, write with parent folders, the home folder.
// One SFTP session per use, closed by its owner. No `vscode` import.
import type { SFTPWrapper } from 'ssh2';
import { PodmanError } from '../errors';
import type { SshLink } from './link';

/** SFTP status 2: no such file (ssh2 puts it in `code`). */
const NO_SUCH_FILE = 2;

export class RemoteFiles {
  private constructor(
    private readonly sftp: SFTPWrapper,
    readonly destination: string,
  ) {}

  /** Opens an SFTP session on the link (connecting it when needed). */
  static async open(link: SshLink): Promise<RemoteFiles> {
    const client = await link.connect();
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      client.sftp((err, session) =>
        err
          ? reject(
              new PodmanError(
                'server',
                `${link.destination}: the SFTP subsystem is not available (${err.message}).`,
                `Enable it in the host's sshd_config (\`Subsystem sftp internal-sftp\`) and reload sshd.`,
              ),
            )
          : resolve(session),
      ),
    );
    return new RemoteFiles(sftp, link.destination);
  }

  /** The remote user's home folder (where the session starts). */
  home(): Promise<string> {
    return new Promise((resolve, reject) =>
      this.sftp.realpath('.', (err, path) => (err ? reject(this.failed('find the home folder', err)) : resolve(path))),
    );
  }

  /** A file's bytes, or undefined when there is no such file. */
  read(path: string): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) =>
      this.sftp.readFile(path, (err: (Error & { code?: number }) | undefined, data: Buffer) => {
        if (!err) return resolve(data);
        if (err.code === NO_SUCH_FILE) return resolve(undefined);
        reject(this.failed(`read ${path}`, err));
      }),
    );
  }

  /** Writes a file (mode 0644), making its missing parent folders first. */
  async write(path: string, content: Buffer): Promise<void> {
    await this.mkdirs(path.slice(0, path.lastIndexOf('/')));
    await new Promise<void>((resolve, reject) =>
      this.sftp.writeFile(path, content, { mode: 0o644 }, (err) =>
        err ? reject(this.failed(`write ${path}`, err)) : resolve(),
      ),
    );
  }

  /** `mkdir -p` over SFTP: each missing folder from the root down. */
  private async mkdirs(dir: string): Promise<void> {
    let at = '';
    for (const part of dir.split('/').filter(Boolean)) {
      at += `/${part}`;
      const exists = await new Promise<boolean>((resolve) => this.sftp.stat(at, (err) => resolve(!err)));
      if (exists) continue;
      await new Promise<void>((resolve, reject) =>
        this.sftp.mkdir(at, { mode: 0o755 }, (err) => (err ? reject(this.failed(`create ${at}`, err)) : resolve())),
      );
    }
  }

  private failed(what: string, err: Error): PodmanError {
    return new PodmanError(
      'server',
      `${this.destination}: cannot ${what} over SFTP (${err.message}).`,
      'Check that the SSH user may write there (the system Quadlet folder needs root).',
      undefined,
      { cause: err },
    );
  }

  close(): void {
    this.sftp.end();
  }
}
