//! The terminal shell: turns key events into actions and draws the meeting.
