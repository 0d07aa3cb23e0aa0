// Every extension-host test file, in the order they run. Each capability adds its line.
import './activation.test';
import './languages.test';
import './build.test';
import './quadlet.test';
import './kube.test';
import './compose.test';
import './compose-language.test';
import './explorer.test';
import './images.test';
import './registries.test';
import './debug.test';
import './prompts.test';
import './menu.test';
import './multiconn.test';
import './monitor.test';
import './sshremote.test';
import './sshprompts.test';
