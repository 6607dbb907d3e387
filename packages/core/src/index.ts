// The main entry: the API of ./base (side-effect free, listed there) plus the kernel registration of
// ./register. `import '@lenet/core/base'` gives the same API without registering anything.
import './register';

export * from './base';
