/** What the versioning example's workflow calls: a reminder and a level, as in the real ladder. */
export interface ExampleActivities {
  sendReminder(input: { index: number }): Promise<void>;
  raiseEscalation(input: { level: number }): Promise<void>;
}
