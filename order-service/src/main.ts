import { runServiceMain } from '@contract-events/runtime';
import { orderService } from './app';
import { loadConfig } from './config';

runServiceMain(orderService, loadConfig);
