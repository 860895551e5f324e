"use client";
import { useEffect, useState } from "react";
import { createAlertSound, type AlertSound, type SoundState } from "./alert-sound";

/** The page's alert sound, created in the browser only, and its state for rendering. */
export function useAlertSound(): { sound: AlertSound | null; state: SoundState } {
  const [sound, setSound] = useState<AlertSound | null>(null);
  const [state, setState] = useState<SoundState>("on");
  useEffect(() => {
    const s = createAlertSound({ createContext: () => new AudioContext(), target: window });
    // The sound (an AudioContext and first-interaction listeners) exists only in the browser and only
    // while mounted, so it is made here and handed to render once; its later changes come by subscription.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSound(s);
    setState(s.state());
    const off = s.subscribe(() => setState(s.state()));
    return () => {
      off();
      s.dispose();
    };
  }, []);
  return { sound, state };
}
