// The film's sound as peaks, decoded once in the browser, so the timeline can draw each
// scene's voice under its picture (from the latest render: the sound of what was rendered).

import { useEffect, useState } from 'react'

export interface Sound {
  samples: Float32Array
  rate: number
}

export function useSound(url: string | undefined): Sound | null {
  const [sound, setSound] = useState<Sound | null>(null)
  useEffect(() => {
    if (!url || typeof AudioContext === 'undefined') return
    let current = true
    const context = new AudioContext()
    fetch(url)
      .then((r) => r.arrayBuffer())
      .then((data) => context.decodeAudioData(data))
      .then((buffer) => {
        if (current) setSound({ samples: buffer.getChannelData(0), rate: buffer.sampleRate })
      })
      .catch(() => undefined) // no sound to draw: the timeline still works
      .finally(() => void context.close())
    return () => {
      current = false
    }
  }, [url])
  return sound
}

/** `bins` peak levels (0..1) of the sound between `start` and `end` seconds. */
export function peaks(sound: Sound, start: number, end: number, bins: number): number[] {
  const first = Math.max(0, Math.floor(start * sound.rate))
  const last = Math.min(sound.samples.length, Math.floor(end * sound.rate))
  const step = Math.max(1, Math.floor((last - first) / bins))
  const out: number[] = []
  for (let b = 0; b < bins; b++) {
    let top = 0
    for (let i = first + b * step; i < Math.min(last, first + (b + 1) * step); i += 16) top = Math.max(top, Math.abs(sound.samples[i]))
    out.push(Math.min(1, top))
  }
  return out
}
