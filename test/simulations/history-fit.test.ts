// Building a scenario from history: on generated calls with known parameters (lognormal turnout and on-scene times,
// a Poisson rate per category, an hour-of-week profile, a district mix), the fitted values come back within their
// 95% confidence bounds, and the scenario validates and runs.
import { describe, expect, it } from 'vitest'
import { fitHistory, fitLognormal, replayRows, type HistoryCall } from '../../simulations/history-fit'
import { Rng } from '../../simulations/rng'
import { loadScenario } from '../../simulations/scenario-file'
import { validateScenario } from '../../simulations/scenario'
import { prepare } from '../../simulations/prepare'
import { runOne } from '../../simulations/replication'
import { parseReplay } from '../../simulations/replay'
import { summarize } from '../../simulations/summary'
import { join } from 'node:path'

const BASE = loadScenario(join(__dirname, '../../simulations/scenarios/la-baseline.json')).scenario
const lognormal = (rng: Rng, mu: number, sigma: number): number => Math.exp(mu + sigma * rng.normal())

describe('fitLognormal', () => {
  it('recovers mu and sigma within their 95% bounds, for many seeds at the nominal rate', () => {
    let muIn = 0
    let sigmaIn = 0
    const trials = 200
    for (let s = 0; s < trials; s++) {
      const rng = new Rng(1000 + s, 7)
      const mu = Math.log(35)
      const sigma = 0.55
      const xs = Array.from({ length: 400 }, () => lognormal(rng, mu, sigma))
      const f = fitLognormal(xs)!
      if (f.muCi[0] <= mu && mu <= f.muCi[1]) muIn++
      if (f.sigmaCi[0] <= sigma && sigma <= f.sigmaCi[1]) sigmaIn++
    }
    // 95% intervals: between 90% and 99% of 200 trials cover the truth (binomial, about 3 standard errors).
    expect(muIn / trials).toBeGreaterThan(0.9)
    expect(muIn / trials).toBeLessThan(0.995)
    expect(sigmaIn / trials).toBeGreaterThan(0.9)
    expect(sigmaIn / trials).toBeLessThan(0.995)
  })

  it("gives the scenario's mean and sd, a histogram and a fitted density that sum to one, and nothing for too few values", () => {
    const rng = new Rng(5, 7)
    const f = fitLognormal(Array.from({ length: 5000 }, () => lognormal(rng, Math.log(20), 0.4)))!
    const m = Math.exp(Math.log(20) + 0.08)
    expect(f.mean).toBeGreaterThan(m * 0.97)
    expect(f.mean).toBeLessThan(m * 1.03)
    expect(f.sd).toBeGreaterThan(m * Math.sqrt(Math.exp(0.16) - 1) * 0.93)
    expect(f.observed.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 9)
    expect(f.fitted.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 6)
    expect(fitLognormal([1, 2, 3, 0, -1, 4, 5, 6, 7])).toBeNull()
  })
})

describe('fitHistory', () => {
  // 12 weeks of calls: mental health 30 a day, substance use 12 a day, at twice the rate 12:00-20:00 on weekdays.
  const weeks = 12
  const rng = new Rng(42, 8)
  const rateOf = (h: number): number => (h % 24 >= 12 && h % 24 < 20 && Math.floor(h / 24) < 5 ? 2 : 1)
  const meanRate = Array.from({ length: 168 }, (_, h) => rateOf(h)).reduce((a, x) => a + x, 0) / 168
  const calls: HistoryCall[] = []
  const perDay = { mental_health: 30, substance_use: 12 }
  for (let h = 0; h < weeks * 168; h++) {
    for (const [cat, n] of Object.entries(perDay)) {
      // Poisson arrivals in the hour by exponential gaps.
      const lambda = ((n / 24) * rateOf(h % 168)) / meanRate
      for (let t = rng.exp(1 / lambda); t < 1; t += rng.exp(1 / lambda)) {
        calls.push({
          minute: (h + t) * 60,
          category: cat,
          response: rng.next() < 0.8 ? 'care_team' : 'care_team_with_ems',
          priority: rng.next() < 0.3 ? 1 : 2,
          councilDistrict: rng.next() < 0.6 ? 'CD 14' : 'CD 1',
          lapdDivision: null,
          turnoutMinutes: lognormal(rng, Math.log(3), 0.3),
          onSceneMinutes: lognormal(rng, cat === 'mental_health' ? Math.log(40) : Math.log(25), 0.5)
        })
      }
    }
  }
  calls.sort((a, b) => a.minute - b.minute)
  const tracts = new Map([
    ['CD 14', ['06037206300', '06037207400']],
    ['CD 1', ['06037183300']]
  ])
  const fit = fitHistory({
    calls,
    startMinute: 0,
    endMinute: weeks * 10080,
    tractsByDistrict: tracts,
    roster: [
      { kind: 'crisis', count: 3, capabilities: ['mental_health'], baseName: 'Station 3', baseLat: 34.05, baseLon: -118.25 },
      { kind: 'outreach', count: 1, capabilities: [], baseName: null, baseLat: null, baseLon: null }
    ],
    base: BASE,
    name: 'From history',
    periodLabel: '12 weeks'
  })

  it('recovers calls per day within a Poisson 95% bound and the hour-of-week shape', () => {
    const days = weeks * 7
    for (const [cat, n] of Object.entries(perDay)) {
      const got = fit.callsPerDay[cat as 'mental_health']!
      expect(Math.abs(got - n)).toBeLessThan(1.96 * Math.sqrt(n / days) + 0.01)
    }
    const busy = fit.hourOfWeek.filter((_, h) => rateOf(h) === 2)
    const quiet = fit.hourOfWeek.filter((_, h) => rateOf(h) === 1)
    const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length
    expect(mean(busy) / mean(quiet)).toBeGreaterThan(1.8)
    expect(mean(busy) / mean(quiet)).toBeLessThan(2.2)
    expect(mean(fit.hourOfWeek)).toBeCloseTo(1, 2)
  })

  it('recovers turnout and on-scene parameters within their bounds and writes them into a valid scenario', () => {
    // Six parameters at once: each 95% interval is widened to 99.9% (z 3.29 instead of 1.96) around its estimate, so
    // the test fails for a biased fit, not for the one interval in twenty that misses by chance (the coverage test
    // above checks the 95% rate itself).
    const widen = 3.2905 / 1.959964
    const within = (ci: [number, number], est: number, truth: number): void => {
      expect(Math.abs(truth - est)).toBeLessThanOrEqual(Math.max(est - ci[0], ci[1] - est) * widen)
    }
    const t = fit.turnout!
    within(t.muCi, t.mu, Math.log(3))
    within(t.sigmaCi, t.sigma, 0.3)
    const mh = fit.onScene.mental_health!
    within(mh.muCi, mh.mu, Math.log(40))
    within(mh.sigmaCi, mh.sigma, 0.5)
    const su = fit.onScene.substance_use!
    within(su.muCi, su.mu, Math.log(25))
    within(su.sigmaCi, su.sigma, 0.5)
    const s = validateScenario(fit.scenario)
    expect(s.times.onSceneMinutes.mental_health).toEqual({
      dist: 'lognormal',
      mean: Math.round(mh.mean * 100) / 100,
      sd: Math.round(mh.sd * 100) / 100
    })
    expect(s.demand.hourOfWeek).toHaveLength(168)
    expect(s.teams).toEqual([
      {
        name: 'crisis at Station 3',
        kind: 'crisis',
        count: 3,
        capabilities: ['mental_health'],
        base: { lat: 34.05, lon: -118.25, name: 'Station 3' }
      }
    ])
    expect(fit.notes.join(' ')).toMatch(/1 team\(s\) of the roster have no base/)
  })

  it("puts calls where they happened: district shares over the district's tracts, and the triage mix", () => {
    const sp = fit.scenario.demand.spatial
    expect(sp.model).toBe('custom')
    const w = (sp as { weights: Record<string, number> }).weights
    const cd14 = w['06037206300'] + w['06037207400']
    const share = cd14 / (cd14 + w['06037183300'])
    expect(share).toBeGreaterThan(0.57)
    expect(share).toBeLessThan(0.63)
    const mix = fit.scenario.demand.mix.mental_health!
    const total = mix.reduce((a, e) => a + e.weight, 0)
    const care = mix.filter((e) => e.response === 'care_team').reduce((a, e) => a + e.weight, 0)
    expect(care / total).toBeGreaterThan(0.77)
    expect(care / total).toBeLessThan(0.83)
  })

  it('replays the calls: one row each, placed in its district, measured times kept', () => {
    const sc = validateScenario({
      ...fit.scenario,
      days: weeks * 7,
      warmupDays: 0,
      demand: { ...fit.scenario.demand, spatial: { model: 'even' } }
    })
    const prep = prepare(sc, '', { days: weeks * 7 })
    const rows = replayRows(
      calls,
      { lat: prep.sites.lat, lon: prep.sites.lon, district: prep.sites.area, n: prep.sites.n },
      prep.areaNames
    )
    expect(rows.rows).toHaveLength(calls.length)
    expect(rows.unplaced).toBe(0)
    const cd1 = prep.areaNames.indexOf('CD 1')
    const first = calls.findIndex((c) => c.councilDistrict === 'CD 1')
    const r = rows.rows[first].values
    const site = [...Array(prep.sites.n).keys()].find(
      (i) => String(prep.sites.lat[i]) === r.lat && String(prep.sites.lon[i]) === r.lon
    )!
    expect(prep.sites.area[site]).toBe(cd1)
    expect(Number(r.on_scene_minutes)).toBe(calls[first].onSceneMinutes)
    const replay = parseReplay(rows, {}, 'generated')
    const rep = runOne(prep, 1, 0, replay).result
    expect(rep.calls).toBe(calls.length)
    const s = summarize(prep, [rep], { seed: 1, replications: 1, replay: 'generated' }) as { byArea: Record<string, { calls: number }> }
    expect(s.byArea['CD 1'].calls).toBe(calls.filter((c) => c.councilDistrict === 'CD 1').length)
  })
})
