/**
 * Proves the engine path end to end: the real Pulumi CLI (obtained by scripts/engine.js), a local file backend and
 * an inline Automation API program declaring a dynamic resource from this repository.
 */
import { Counter, createInlineStack, TestStack } from "./helpers";

jest.setTimeout(180_000);

describe("engine smoke test", () => {
  let value = 1;
  let t: TestStack;

  beforeAll(async () => {
    t = await createInlineStack({
      projectName: "engine-smoke",
      program: async () => {
        const counter = new Counter("counter", { label: "smoke", value });
        return { counterId: counter.id, counterValue: counter.value };
      },
    });
  });

  afterAll(async () => {
    await t?.cleanup();
  });

  it("previews, creates, detects no changes, updates, refreshes and destroys", async () => {
    const preview = await t.stack.preview();
    expect(preview.changeSummary).toEqual({ create: 2 });

    const up = await t.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.counterId.value).toBe("counter-smoke");
    expect(up.outputs.counterValue.value).toBe(1);

    const again = await t.stack.up();
    expect(again.summary.resourceChanges).toEqual({ same: 2 });

    value = 2;
    const changed = await t.stack.up();
    expect(changed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(changed.outputs.counterValue.value).toBe(2);

    const refresh = await t.stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges).toEqual({ same: 2 });

    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
  });
});
