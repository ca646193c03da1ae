import { runServiceMain } from '@contract-events/runtime';
import { userService } from './app';
import { loadConfig } from './config';

runServiceMain(userService, loadConfig);
