//! The terminal under `shipwise ask`: raw mode on the alternate screen while questions are asked,
//! key presses turned into [`Key`]s, and whole screens drawn. Leaving (normally, on Ctrl-C, or on
//! an error) always restores the terminal: the guard does it on drop.

use std::io::{self, Write};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, queue, terminal};

use crate::prompt::Key;

/// Raw mode and the alternate screen, for as long as it lives.
pub(crate) struct Session {
    out: io::Stdout,
}

impl Session {
    /// Enters raw mode and the alternate screen.
    pub(crate) fn start() -> io::Result<Self> {
        terminal::enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(err) = execute!(out, terminal::EnterAlternateScreen, cursor::Hide) {
            let _ = terminal::disable_raw_mode();
            return Err(err);
        }
        Ok(Session { out })
    }

    /// The terminal's width in columns (80 when it cannot be told, as in some pseudo-terminals).
    pub(crate) fn width(&self) -> usize {
        match terminal::size() {
            Ok((columns, _)) if columns >= 40 => usize::from(columns),
            _ => 80,
        }
    }

    /// The terminal's height in rows (24 when it cannot be told).
    pub(crate) fn height(&self) -> usize {
        match terminal::size() {
            Ok((_, rows)) if rows >= 10 => usize::from(rows),
            _ => 24,
        }
    }

    /// Replaces the screen with these lines.
    pub(crate) fn draw(&mut self, lines: &[String]) -> io::Result<()> {
        queue!(self.out, terminal::Clear(terminal::ClearType::All), cursor::MoveTo(0, 0))?;
        for line in lines {
            // Raw mode does not turn \n into a new line at column 0.
            write!(self.out, "{}\r\n", crate::escape::output(line).replace('\n', "\r\n"))?;
        }
        self.out.flush()
    }

    /// Waits for the next key that means something; a closed terminal reads as an interrupt.
    pub(crate) fn key(&mut self) -> Key {
        loop {
            match event::read() {
                Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                    if let Some(key) = translate(key) {
                        return key;
                    }
                }
                Ok(Event::Resize(..)) => return Key::Resize,
                Ok(_) => {}
                Err(_) => return Key::Interrupt,
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = execute!(self.out, cursor::Show, terminal::LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

fn translate(key: KeyEvent) -> Option<Key> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('c' | 'd') if ctrl => Key::Interrupt,
        KeyCode::Char(c) if !ctrl => Key::Char(c),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        _ => return None,
    })
}
