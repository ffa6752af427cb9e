# A small hostile HTTP server for the reliability suites: a TcpListener on 127.0.0.1 (a free port) served from a
# background runspace, answering each request from a table the test sets (Set-HostileRoute), logging every request it
# gets (request line, headers, body size) and closing every connection after one answer. It speaks just enough
# HTTP/1.1 for HttpClient, and it logs requests in proxy form too ("GET http://host/path HTTP/1.1"), so it can also
# stand in for a proxy that must never be used.
#
# POST /oauth/token answers a new token by default (a 43-character base64url string, as the emulator issues; every
# token issued is in .Issued). In a route's body, {TOKEN} becomes the bearer token the request carried.
Set-StrictMode -Version Latest

$script:ServerLoop = {
    param($State)
    $ErrorActionPreference = 'Stop'
    $listener = $State.Listener
    $ascii = [System.Text.Encoding]::ASCII
    function New-Token {
        $bytes = [byte[]]::new(32)
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    }
    while (-not $State.Stopping) {
        try { $client = $listener.AcceptTcpClient() } catch { break }
        try {
            $client.ReceiveTimeout = 10000
            $client.SendTimeout = 30000
            $stream = $client.GetStream()
            # The request head, up to the blank line.
            $head = [System.Collections.Generic.List[byte]]::new()
            $one = [byte[]]::new(1)
            while ($true) {
                if ($stream.Read($one, 0, 1) -le 0) { break }
                $head.Add($one[0])
                $n = $head.Count
                if ($n -ge 4 -and $head[$n - 4] -eq 13 -and $head[$n - 3] -eq 10 -and $head[$n - 2] -eq 13 -and $head[$n - 1] -eq 10) { break }
                if ($n -gt 65536) { break }
            }
            if ($head.Count -eq 0) { continue }
            $lines = $ascii.GetString($head.ToArray()) -split "`r`n"
            $requestLine = $lines[0]
            $parts = $requestLine -split ' '
            $method = $parts[0]
            $target = if ($parts.Count -gt 1) { $parts[1] } else { '' }
            $headers = @{}
            foreach ($line in $lines[1..($lines.Count - 1)]) {
                $i = $line.IndexOf(':')
                if ($i -gt 0) { $headers[$line.Substring(0, $i).Trim().ToLowerInvariant()] = $line.Substring($i + 1).Trim() }
            }
            $length = 0
            if ($headers.ContainsKey('content-length')) { $length = [int]$headers['content-length'] }
            $body = [byte[]]::new($length)
            $read = 0
            while ($read -lt $length) {
                $r = $stream.Read($body, $read, $length - $read)
                if ($r -le 0) { break }
                $read += $r
            }
            $path = $target
            if ($path -match '^[a-z]+://[^/]+(/.*)?$') { $path = if ($Matches[1]) { $Matches[1] } else { '/' } }
            $path = ($path -split '\?')[0]
            $bearer = $null
            if ($headers.ContainsKey('authorization') -and $headers['authorization'] -match '^Bearer (.+)$') { $bearer = $Matches[1] }
            $entry = [pscustomobject]@{
                Time = [DateTimeOffset]::UtcNow; Method = $method; Target = $target; Path = $path; RequestLine = $requestLine
                Authorization = $headers['authorization']; Host = $headers['host']; BodyBytes = $read
            }
            $null = $State.Log.Add($entry)

            $route = $State.Routes["$method $path"]
            if ($null -eq $route -and $method -eq 'POST' -and $path -eq '/oauth/token') {
                $token = New-Token
                $null = $State.Issued.Add($token)
                $route = @{ Status = 200; ContentType = 'application/json'; Text = '{"access_token":"' + $token + '","token_type":"bearer","expires_in":3600}' }
            }
            if ($null -eq $route) { $route = @{ Status = 404; ContentType = 'application/json'; Text = '{"errors":[{"message":"not scripted","reason":"not-found"}]}' } }
            $entry | Add-Member -NotePropertyName Status -NotePropertyValue ([int]$route.Status)
            # Assigned, not written to the pipeline: a byte[] written there would be unrolled byte by byte.
            if ($route.ContainsKey('Bytes')) { [byte[]] $payload = $route.Bytes }
            else {
                $text = [string]$route.Text
                if ($bearer) { $text = $text.Replace('{TOKEN}', $bearer) }
                [byte[]] $payload = [System.Text.Encoding]::UTF8.GetBytes($text)
            }
            $reason = switch ([int]$route.Status) { 200 { 'OK' } 202 { 'Accepted' } 400 { 'Bad Request' } 401 { 'Unauthorized' } 403 { 'Forbidden' } 404 { 'Not Found' } 502 { 'Bad Gateway' } default { 'Status' } }
            $responseHead = "HTTP/1.1 $($route.Status) $reason`r`nContent-Type: $($route.ContentType)`r`nContent-Length: $($payload.Length)`r`nConnection: close`r`n`r`n"
            $headBytes = $ascii.GetBytes($responseHead)
            $stream.Write($headBytes, 0, $headBytes.Length)
            if ($route.ContainsKey('StallAfter') -and $route.StallAfter -lt $payload.Length) {
                # Send part of the body, then stall (up to StallSeconds) while the client is still there.
                $stream.Write($payload, 0, [int]$route.StallAfter)
                $stream.Flush()
                $entry | Add-Member -NotePropertyName Stalled -NotePropertyValue ([DateTimeOffset]::UtcNow)
                $until = [DateTime]::UtcNow.AddSeconds([double]$route.StallSeconds)
                $gone = $false
                while ([DateTime]::UtcNow -lt $until -and -not $State.Stopping) {
                    if ($client.Client.Poll(100000, [System.Net.Sockets.SelectMode]::SelectRead) -and $client.Client.Available -eq 0) { $gone = $true; break }
                }
                $entry | Add-Member -NotePropertyName ClientLeft -NotePropertyValue $(if ($gone) { [DateTimeOffset]::UtcNow } else { $null })
                if (-not $gone) { $stream.Write($payload, [int]$route.StallAfter, $payload.Length - [int]$route.StallAfter) }
            }
            else {
                $stream.Write($payload, 0, $payload.Length)
            }
            $stream.Flush()
        }
        catch { $null = $State.Failures.Add("$_") }
        finally { $client.Dispose() }
    }
}

function Start-HostileServer {
    <#
    .SYNOPSIS
    Starts the hostile server on a free loopback port; returns BaseUri, Port, the request Log, the Issued tokens and
    the Routes table. Stop it with Stop-HostileServer.
    #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    $state = [hashtable]::Synchronized(@{
            Listener = $listener
            Stopping = $false
            Routes   = [hashtable]::Synchronized(@{})
            Log      = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
            Issued   = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
            Failures = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
        })
    $ps = [powershell]::Create()
    $null = $ps.AddScript($script:ServerLoop).AddArgument($state)
    $handle = $ps.BeginInvoke()
    [pscustomobject]@{
        PSTypeName = 'Neo4jAura.HostileServer'
        BaseUri    = "http://127.0.0.1:$port"
        Port       = $port
        State      = $state
        Log        = $state.Log
        Issued     = $state.Issued
        Routes     = $state.Routes
        PowerShell = $ps
        Handle     = $handle
    }
}

function Set-HostileRoute {
    <#
    .SYNOPSIS
    Scripts the answer to METHOD PATH: a status, a content type and a body (text, where {TOKEN} becomes the request's
    bearer token, or bytes); -StallAfter N sends N bytes of the body and then stalls for -StallSeconds while the
    client stays.
    #>
    param(
        [Parameter(Mandatory)] $Server,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [int] $Status = 200,
        [string] $ContentType = 'application/json',
        [string] $Text = '',
        [byte[]] $Bytes,
        [int] $StallAfter = -1,
        [double] $StallSeconds = 30
    )
    $route = @{ Status = $Status; ContentType = $ContentType; Text = $Text }
    if ($PSBoundParameters.ContainsKey('Bytes')) { $route.Bytes = $Bytes }
    if ($StallAfter -ge 0) { $route.StallAfter = $StallAfter; $route.StallSeconds = $StallSeconds }
    $Server.Routes["$Method $Path"] = $route
}

function Get-HostileLogSummary {
    <# "GET /v1/instances/a1b2c3d4: 400; POST /oauth/token: 200", as Get-AuraLogSummary does for the emulator. #>
    param([Parameter(Mandatory)] $Server)
    $groups = [ordered]@{}
    foreach ($e in @($Server.Log.ToArray())) {
        $key = "$($e.Method) $($e.Path)"
        if (-not $groups.Contains($key)) { $groups[$key] = [System.Collections.Generic.List[string]]::new() }
        $groups[$key].Add($(if ($e.PSObject.Properties['Status']) { [string]$e.Status } else { '?' }))
    }
    if ($groups.Count -eq 0) { return 'none' }
    (@(foreach ($key in $groups.Keys) { "${key}: " + ($groups[$key] -join ', ') }) -join '; ')
}

function Clear-HostileServer {
    <# Forgets the routes and the request log (issued tokens are kept). #>
    param([Parameter(Mandatory)] $Server)
    $Server.Routes.Clear()
    $Server.Log.Clear()
}

function Stop-HostileServer {
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        if (-not $Server) { return }
        $Server.State.Stopping = $true
        $Server.State.Listener.Stop()
        # The loop ends at its next accept (which the stopped listener fails); give it a moment, then stop it.
        if (-not $Server.Handle.AsyncWaitHandle.WaitOne(5000)) { $Server.PowerShell.Stop() }
        $Server.PowerShell.Dispose()
    }
}

Export-ModuleMember -Function Start-HostileServer, Set-HostileRoute, Clear-HostileServer, Stop-HostileServer, Get-HostileLogSummary
