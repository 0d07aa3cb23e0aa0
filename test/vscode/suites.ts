// Every extension-host test file, in the order they run. Each capability adds its line.
import './activation.test';
import './build.test';
import './explorer.test';
