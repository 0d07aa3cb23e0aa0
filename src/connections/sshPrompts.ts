// The VS Code side of SSH's questions: an unknown host's fingerprint (accept or not), a changed
// host key (told, never accepted), an encrypted key's passphrase (kept in SecretStorage only when
// the user says so, else in this process's memory for the session: asked once per key, not once
// per SSH connection; a wrong one remembered is forgotten).
import * as vscode from 'vscode';
import type { HostQuestion, SshInteraction } from '../podman/ssh/auth';

const SECRET_PREFIX = 'podman.ssh.passphrase:';
/** Passphrases given "only for this session", by key file: never written anywhere. */
const sessionPassphrases = new Map<string, string>();

export function vscodeSshInteraction(secrets: vscode.SecretStorage): SshInteraction {
  return {
    verifyHost: (question) => verifyHost(question),
    passphrase: (keyPath, retry) => passphrase(secrets, keyPath, retry),
  };
}

async function verifyHost(q: HostQuestion): Promise<boolean> {
  if (q.state === 'changed') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'The host key of {0} has CHANGED (now {1} {2}; the old one is at {3}). The connection is refused: check with the host administrator.',
        q.destination,
        q.keyType,
        q.fingerprint,
        q.knownAt ?? '',
      ),
      { modal: true },
    );
    return false;
  }
  const accept = vscode.l10n.t('Accept and Remember');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('The authenticity of host {0} cannot be established.', q.destination),
    {
      modal: true,
      detail: vscode.l10n.t(
        "{0} key fingerprint is {1}. Compare it with the host's own (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` there) before accepting.",
        q.keyType,
        q.fingerprint,
      ),
    },
    accept,
  );
  return answer === accept;
}

async function passphrase(secrets: vscode.SecretStorage, keyPath: string, retry: boolean): Promise<string | undefined> {
  const key = SECRET_PREFIX + keyPath;
  if (!retry) {
    const known = sessionPassphrases.get(keyPath) ?? (await secrets.get(key));
    if (known) return known;
  } else {
    sessionPassphrases.delete(keyPath);
    await secrets.delete(key);
  }
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Passphrase for {0}', keyPath),
    prompt: retry ? vscode.l10n.t('Wrong passphrase: try again.') : vscode.l10n.t('The SSH key is encrypted.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return undefined;
  const keep = vscode.l10n.t('Keep in Secret Storage');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t("Keep the passphrase of {0} in VS Code's secret storage?", keyPath),
    keep,
    vscode.l10n.t('Only for this session'),
  );
  if (choice === keep) await secrets.store(key, value);
  else sessionPassphrases.set(keyPath, value);
  return value;
}
