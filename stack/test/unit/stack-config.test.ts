import { loadStackConfig } from '../../src/config/stack-config';
import { replicationDefaults } from '../../src/components/kafka';

describe('the stack Kafka nodes', () => {
  it('is one broker on 9092 unless told otherwise', () => {
    const cfg = loadStackConfig({});
    expect(cfg.kafka).toMatchObject({
      nodes: 1,
      brokers: ['127.0.0.1:9092'],
      port: 9092,
      controllerPort: 9093,
    });
  });

  it('gives each node of a cluster every other port from the first, beside its controller', () => {
    const cfg = loadStackConfig({ STACK_KAFKA_BROKERS: '3', STACK_KAFKA_PORT: '9192' });
    expect(cfg.kafka.brokers).toEqual(['127.0.0.1:9192', '127.0.0.1:9194', '127.0.0.1:9196']);
    expect(cfg.kafka.controllerPort).toBe(9193);
  });

  it.each(['0', '6', 'three'])('refuses STACK_KAFKA_BROKERS=%s, naming it', (value) => {
    expect(() => loadStackConfig({ STACK_KAFKA_BROKERS: value })).toThrow(/STACK_KAFKA_BROKERS/);
  });

  it('lists the brokers it is given for an external Kafka, whatever the node count', () => {
    const cfg = loadStackConfig({ KAFKA_BROKERS: 'k1:9092,k2:9092', STACK_KAFKA_BROKERS: '3' });
    expect(cfg.kafka).toMatchObject({ external: true, brokers: ['k1:9092', 'k2:9092'] });
  });

  it('replicates three times with two in sync where there are nodes for it, once on a single node', () => {
    expect(replicationDefaults(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationDefaults(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationDefaults(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });
});
