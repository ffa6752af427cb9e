# Reliability: the emulator restarted in the middle of a run (the module's GETs retry through it, state kept), and
# the emulator's own --state file after kill -9 in the middle of a stream of writes (it always parses, the emulator
# restarts from it, and no acknowledged write is lost). Rows go to out/test-results/reliability.md.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/Reliability.Helpers.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:workDir = Join-Path ([System.IO.Path]::GetTempPath()) ('aura-reliability-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Force $workDir
    $script:started = [System.Collections.Generic.List[object]]::new()
}

AfterAll {
    Disconnect-Aura -ErrorAction SilentlyContinue
    foreach ($e in $started) {
        if ($e.Process -and -not $e.Process.HasExited) { $e.Process.Kill(); $null = $e.Process.WaitForExit(10000) }
        if ($e.LogPath) { Remove-Item $e.LogPath, "$($e.LogPath).err" -ErrorAction SilentlyContinue }
    }
    Remove-Item $workDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The API restarting in the middle of a run' {
    It 'GETs retry through a restart on the same port; the state (--state FILE) is kept; one token renewal' {
        $stateFile = Join-Path $workDir 'restart.json'
        $first = Start-AuraTestEmulator -ArgumentList '--state', $stateFile
        $started.Add($first)
        $secret = ConvertTo-SecureString $first.ClientSecret -AsPlainText -Force
        Connect-Aura -ClientId $first.ClientId -ClientSecret $secret -BaseUri $first.BaseUri
        $null = Set-AuraInstance -InstanceId a1b2c3d4 -Name 'renamed-before-restart' -Confirm:$false
        Clear-AuraEmulatorRequestLog $first

        $ids = 'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7', 'e5f6a7b8'
        $script:firstLog = @(); $script:second = $null
        $case = Invoke-AuraCase {
            1..10 | ForEach-Object {
                if ($_ -eq 5) {
                    # Between items 4 and 5: stop the API and start it again on the same address, without waiting.
                    $script:firstLog = Read-AuraRequestLog $first
                    $first.Process.Kill(); $null = $first.Process.WaitForExit(10000)
                    $script:second = Start-AuraEmulatorProcess -Url $first.BaseUri -ClientId $first.ClientId -ClientSecret $first.ClientSecret `
                        -ArgumentList '--state', $stateFile, '--no-token-limit', '--transition-seconds', '1'
                    $started.Add($script:second)
                }
                [pscustomobject]@{ InstanceId = $ids[$_ % 5] }
            } | Get-AuraInstance
        }
        $null = Wait-AuraEmulatorReady $second
        $secondLog = Read-AuraRequestLog $second
        $log = @($firstLog) + @($secondLog)
        $inv = Test-AuraInvariants -Log $log -RateLimit 125 -Inputs 10 -Outputs $case.Output.Count -Errors $case.Errors.Count
        $renamed = @($case.Output | Where-Object Id -EQ 'a1b2c3d4')
        Add-ReliabilityRow -Suite Restarts -Fault 'API stopped and restarted (same port, --state FILE) between items 4 and 5 of 10' `
            -Requests ("before: $(Get-AuraLogSummary $firstLog) | after: $(Get-AuraLogSummary $secondLog)") `
            -Retries "$($case.Retries) (connection refused while it restarted) + $($case.Renewals) token renewal" `
            -Outcome "$($case.Output.Count) out, $($case.Errors.Count) errors; rename made before the restart still there: $(@($renamed.Name | Select-Object -Unique) -join ', ')" `
            -Invariants $inv.Text -Held $inv.Held

        $case.Errors | Should -BeNullOrEmpty
        $case.Output.Count | Should -Be 10
        @($case.Output.Id) | Should -Be @(1..10 | ForEach-Object { $ids[$_ % 5] })
        $case.Retries | Should -BeGreaterOrEqual 1 -Because 'the API was down when item 5 was asked for'
        $firstLog.Count | Should -Be 4
        @(Get-ApiEntries $secondLog).Count | Should -BeGreaterOrEqual 6
        # The restarted API does not know the old token: one 401, one new token, and the request sent again.
        @(Get-TokenEntries $secondLog).Count | Should -Be 1
        @($secondLog | Where-Object status -EQ 401).Count | Should -Be 1
        $case.Renewals | Should -Be 1
        @($renamed.Name | Select-Object -Unique) | Should -Be 'renamed-before-restart'
        $inv.Held | Should -BeTrue -Because $inv.Text
    }
}

Describe 'The emulator state file after kill -9 during writes' {
    It 'parses after each of 5 kills, the emulator restarts from it, and every acknowledged snapshot is in it' {
        $stateFile = Join-Path $workDir 'killed.json'
        $running = 'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7'
        $acknowledged = [System.Collections.Generic.List[string]]::new()
        $rounds = [System.Collections.Generic.List[object]]::new()
        $http = [System.Net.Http.HttpClient]::new()
        try {
            foreach ($round in 1..5) {
                # Start from the file (the first round seeds it), stream 80 snapshot creations, kill -9 mid-stream.
                $emu = Start-AuraTestEmulator -ArgumentList '--state', $stateFile, '--rate-limit', '0'
                $started.Add($emu)
                $stateBefore = Invoke-AuraEmulatorControl $emu -Path '/_emulator/state'
                $missingAfterRestart = @($acknowledged | Where-Object { $_ -notin @($stateBefore.snapshots.snapshot_id) })
                $token = Get-AuraTestToken $emu
                $tasks = foreach ($n in 1..80) {
                    $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Post, "$($emu.BaseUri)/v1/instances/$($running[$n % 4])/snapshots")
                    $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
                    # Aura requires Content-Type: application/json on every POST (415 without it), as the module sends.
                    $request.Content = [System.Net.Http.StringContent]::new('{}', [System.Text.Encoding]::UTF8, 'application/json')
                    $http.SendAsync($request)
                }
                # Kill once some writes are answered and others are still in flight.
                $deadline = [DateTime]::UtcNow.AddSeconds(30)
                while (@($tasks | Where-Object IsCompleted).Count -lt 5 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 5 }
                $emu.Process.Kill()   # SIGKILL on Linux and macOS, TerminateProcess on Windows: no clean-up runs
                $null = $emu.Process.WaitForExit(10000)
                try { [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]]@($tasks), 10000) } catch { }
                $answered = 0
                foreach ($t in $tasks) {
                    if ($t.IsCompletedSuccessfully -and [int]$t.Result.StatusCode -eq 202) {
                        $body = $t.Result.Content.ReadAsStringAsync().GetAwaiter().GetResult() | ConvertFrom-Json
                        $acknowledged.Add($body.data.snapshot_id); $answered++
                    }
                }
                # The file must parse and hold every snapshot the emulator acknowledged, in this round and before.
                $parsed = $null
                try { $parsed = Get-Content $stateFile -Raw | ConvertFrom-Json } catch { }
                $inFile = if ($parsed) { @($parsed.snapshots.snapshot_id) } else { @() }
                $rounds.Add([pscustomobject]@{
                        Round = $round; Answered = $answered; Unanswered = 80 - $answered; Parsed = [bool]$parsed
                        Missing = @($acknowledged | Where-Object { $_ -notin $inFile }).Count; MissingAfterRestart = $missingAfterRestart.Count
                    })
            }
            # And once more: the emulator starts from the last file and serves what it holds.
            $last = Start-AuraTestEmulator -ArgumentList '--state', $stateFile
            $started.Add($last)
            $final = Invoke-AuraEmulatorControl $last -Path '/_emulator/state'
            $missingAtEnd = @($acknowledged | Where-Object { $_ -notin @($final.snapshots.snapshot_id) }).Count
        }
        finally { $http.Dispose() }

        $temp = @(Get-ChildItem $workDir -Force -Filter '.killed.json.*.tmp').Count
        $held = (@($rounds | Where-Object { -not $_.Parsed -or $_.Missing -or $_.MissingAfterRestart }).Count -eq 0) -and ($missingAtEnd -eq 0)
        Add-ReliabilityRow -Suite Restarts -Fault 'emulator kill -9 during a stream of 80 snapshot writes, 5 times' `
            -Requests ("answered before the kill per round: " + (($rounds | ForEach-Object { "$($_.Answered)/80" }) -join ', ')) `
            -Retries 'n/a (raw HTTP)' `
            -Outcome ("state file parsed $(@($rounds | Where-Object Parsed).Count)/5; restarted from it 6/6; $($acknowledged.Count) acknowledged snapshots, $missingAtEnd missing; $temp temp file(s) left after the restart") `
            -Invariants 'no acknowledged write lost; file never torn' -Held $held

        $rounds.Count | Should -Be 5
        $temp | Should -Be 0 -Because 'a restart removes the temporary files of saves that a kill interrupted'
        foreach ($r in $rounds) {
            $r.Parsed | Should -BeTrue -Because "round $($r.Round): the state file must parse after kill -9"
            $r.Missing | Should -Be 0 -Because "round $($r.Round): an acknowledged snapshot must be in the file"
            $r.MissingAfterRestart | Should -Be 0 -Because "round $($r.Round): the emulator must restart from the file with everything in it"
            $r.Answered | Should -BeGreaterOrEqual 5
        }
        # Some writes were still in flight at each kill, or the kill was not "in the middle" of anything.
        @($rounds | Where-Object Unanswered -GT 0).Count | Should -BeGreaterThan 0
        $missingAtEnd | Should -Be 0
        $acknowledged.Count | Should -BeGreaterOrEqual 40
    }
}
